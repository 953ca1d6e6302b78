namespace ChangeBot.Tests.DirectLine;

/// <summary>The checkout's root (where ChangeBot.sln is), found from the test binaries' folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ChangeBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ChangeBot.sln not found above " + AppContext.BaseDirectory);
    }
}
