namespace ChangeBot.Testing;

/// <summary>The checkout the tests run from: the folder holding ChangeBot.sln, found by walking up from the
/// test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The shipped sample notices (<c>manifests/notices</c>).</summary>
    public static string SampleNotices => Combine("manifests", "notices");

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ChangeBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository: ChangeBot.sln not found above " + AppContext.BaseDirectory);
    }
}
