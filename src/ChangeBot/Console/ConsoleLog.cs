namespace ChangeBot.SupportConsole;

/// <summary>The console's log lines. None carries a code, state, token or cookie: only ids and reasons.</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(ConsoleEventIds.SignedIn, LogLevel.Information, "Console sign-in of {UserId} through {Provider}")]
    public static partial void SignedIn(ILogger logger, string userId, string provider);

    [LoggerMessage(ConsoleEventIds.SignInRefused, LogLevel.Warning, "Console sign-in through {Provider} refused: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string provider, string reason);

    [LoggerMessage(ConsoleEventIds.SignInFailed, LogLevel.Warning, "Console sign-in through {Provider} failed: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(ConsoleEventIds.RefusalNotAudited, LogLevel.Warning, "Console sign-in of {UserId} through {Provider}: not on the support list; not audited, because {Reason}")]
    public static partial void RefusalNotAudited(ILogger logger, string userId, string provider, string reason);

    [LoggerMessage(ConsoleEventIds.SignedOut, LogLevel.Information, "Console sign-out of {UserId}")]
    public static partial void SignedOut(ILogger logger, string userId);

    [LoggerMessage(ConsoleEventIds.SignOutProviderUnreachable, LogLevel.Warning, "Console sign-out of {UserId}: {Provider} could not be reached to end its session there ({Reason})")]
    public static partial void SignOutProviderUnreachable(ILogger logger, string userId, string provider, string reason);

    [LoggerMessage(ConsoleEventIds.NotOnSupportList, LogLevel.Warning, "Refused {UserId} at {Path}: not on the support list")]
    public static partial void NotOnSupportList(ILogger logger, string userId, string path);
}
