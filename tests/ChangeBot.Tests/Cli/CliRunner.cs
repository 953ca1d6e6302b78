using ChangeBot.Cli;

namespace ChangeBot.Tests.Cli;

/// <summary>Runs the real CLI entry point in process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The repository's root (the folder holding ChangeBot.sln), found from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChangeBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ChangeBot.sln not found above " + AppContext.BaseDirectory);
    }

    public static string SampleNotices => Path.Combine(RepositoryRoot(), "manifests", "notices");
}
