namespace ChangeBot.DirectLine;

/// <summary>Log event ids of the web chat (Direct Line) adapter.
/// This area owns 8000–8099; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class DirectLineEventIds
{
    public const int Rejected = 8001;
    public const int StreamClosed = 8005;
}
