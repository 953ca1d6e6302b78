namespace ChangeBot.BotFramework;

/// <summary>Log event ids of the Teams (Bot Framework) adapter.
/// This area owns 6000–6099; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class BotFrameworkEventIds
{
    public const int RequestRejected = 6001;
    public const int MalformedActivity = 6002;
    public const int ConnectorCallFailed = 6003;
    public const int Installed = 6004;
    public const int Uninstalled = 6005;
    public const int ActivityContinuesInBackground = 6007;
}
