using System.CommandLine;

namespace ChangeBot.Cli;

internal static class NoticesCommands
{
    public static Command Create() => new("notices", "Import, list and show notices.");
}
