namespace ChangeBot.Core.Notices;

/// <summary>What is wrong with a notice file, where: <c>file:line: message</c>.</summary>
public sealed record NoticeError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
