namespace ChangeBot.Cli;

/// <summary>A failure the CLI reports as its message alone (no stack trace) and ends with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = 1, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
