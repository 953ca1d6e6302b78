namespace ChangeBot.SupportConsole;

/// <summary>Log event ids of the support console: sign-in, sign-out, refusals. This area owns 9000–9049;
/// every id is unique across the assemblies (a test checks it).</summary>
internal static class ConsoleEventIds
{
    public const int SignedIn = 9001;
    public const int SignInRefused = 9002;
    public const int SignInFailed = 9003;
    public const int SignedOut = 9004;
    public const int RefusalNotAudited = 9005;
    public const int SignOutProviderUnreachable = 9006;
    public const int NotOnSupportList = 9010;
}
