using System.CommandLine;

namespace ChangeBot.Cli;

internal static class CheckCommand
{
    public static Command Create() => new("check", "Not built yet.");
}
