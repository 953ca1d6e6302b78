namespace ChangeBot.Core.Tests.Notices;

/// <summary>Files of this repository, found by walking up from the test binaries to the folder holding ChangeBot.sln.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string SampleNotices => Path.Combine(Root, "manifests", "notices");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChangeBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} contains ChangeBot.sln");
    }
}
