namespace ChangeBot.Slack;

/// <summary>Log event ids of the Slack adapter.
/// This area owns 5000–5099; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class SlackEventIds
{
    public const int RequestRejected = 5001;
    public const int Malformed = 5002;
    public const int ChannelGone = 5003;
    public const int SendFailed = 5004;
    public const int QueueFull = 5006;
    public const int DuplicateEvent = 5007;
    public const int EventsRateLimited = 5008;
    public const int Installed = 5009;
    public const int InstallFailed = 5010;
    public const int Uninstalled = 5011;
    public const int ReplyFailed = 5012;
    public const int SocketMode = 5013;
    public const int SocketModeFailed = 5014;
}
