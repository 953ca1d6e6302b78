namespace ChangeBot.Core.Notices;

/// <summary>What is wrong with a notice file, where: <c>file:line: message</c>. <see cref="Line"/> is
/// 1-based, or <see cref="NoLine"/> for a problem with the whole file (missing, unreadable).</summary>
public sealed record NoticeError(string File, int Line, string Message)
{
    public const int NoLine = 0;

    public override string ToString() => Line == NoLine ? $"{File}: {Message}" : $"{File}:{Line}: {Message}";
}
