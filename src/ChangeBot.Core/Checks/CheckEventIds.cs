namespace ChangeBot.Core.Checks;

/// <summary>Log event ids of chain checks asked for in chat.
/// This area owns 100–199; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class CheckEventIds
{
    public const int RecordFailed = 101;
}
