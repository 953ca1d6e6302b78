using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ChangeBot.Tests.Hosting;

/// <summary>
/// The Dockerfile's build stage restores from the project files alone (a layer a code change does not invalidate),
/// and that step works: this machine has no Docker daemon and no registry for the SDK image, so the test reads the
/// stage, copies what its COPY lines copy before the restore into an empty folder, and runs the restore command there.
/// </summary>
public sealed partial class DockerfileTests
{
    private static string Dockerfile => Path.Combine(RepositoryRoot.Path, "Dockerfile");

    [Fact]
    public async Task BuildStage_RestoresFromTheProjectFilesAlone_AndThatRestoreSucceeds()
    {
        var stage = BuildStage();
        var restoreAt = stage.FindIndex(i => i.StartsWith("RUN ", StringComparison.Ordinal) && i.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreAt >= 0, "the build stage has no 'RUN dotnet restore' step before its sources are copied");
        var before = stage.Take(restoreAt).ToList();
        Assert.DoesNotContain(before, i => i.StartsWith("COPY src/ ", StringComparison.Ordinal));
        Assert.Contains(stage.Skip(restoreAt), i => i.Contains("dotnet publish", StringComparison.Ordinal) && i.Contains("--no-restore", StringComparison.Ordinal));

        using var context = new TempDirectory();
        foreach (var copy in before.Where(i => i.StartsWith("COPY ", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            Assert.DoesNotContain(parts, p => p.StartsWith("--", StringComparison.Ordinal));
            var destination = Path.Combine(context.Path, parts[^1]);
            foreach (var source in parts[..^1])
            {
                var from = Path.Combine(RepositoryRoot.Path, source);
                Assert.True(File.Exists(from), $"{copy}: {source} is not a file in the repository");
                var to = parts[^1].EndsWith('/') || parts.Length > 2 ? Path.Combine(destination, Path.GetFileName(source)) : destination;
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to);
            }
        }

        var (exitCode, output) = await RunAsync(stage[restoreAt]["RUN ".Length..], context.Path);

        Assert.True(exitCode == 0, $"'{stage[restoreAt]}' failed in the restore layer's files:\n{output}");
    }

    [Fact]
    public void DockerIgnore_KeepsLocalBuildsAndDataOutOfTheContext()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["**/bin/", "**/obj/", "**/data/", "**/node_modules/", ".git/"], StringComparer.Ordinal), ignored);
    }

    /// <summary>The instructions of the first stage, continuation lines joined, comments dropped.</summary>
    private static List<string> BuildStage()
    {
        var joined = LineContinuation().Replace(File.ReadAllText(Dockerfile), " ");
        var instructions = joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var second = instructions.FindIndex(1, i => i.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.StartsWith("FROM ", instructions[0], StringComparison.Ordinal);
        Assert.Contains("WORKDIR /src", instructions.Take(second));
        return instructions.Take(second).ToList();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string workingDirectory)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex LineContinuation();
}
