using System.CommandLine;

namespace ChangeBot.Cli;

internal static class AskCommand
{
    public static Command Create() => new("ask", "Not built yet.");
}
