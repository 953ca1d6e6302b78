namespace ChangeBot.Tests.BotFramework;

/// <summary>Files of the repository the tests run from (found by walking up to ChangeBot.sln).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
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
}
