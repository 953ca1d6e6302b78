namespace ChangeBot.Testing;

/// <summary>
/// Tests that need a tool the machine may lack (PostgreSQL, chromium, Node packages) call
/// <see cref="Require"/>: without the tool they skip with the reason, except under CI, where
/// <c>CHANGEBOT_REQUIRE_ALL_TESTS=1</c> (set by .ci/run) turns every such skip into a failure.
/// </summary>
public static class Prerequisite
{
    public const string RequireAllVariable = "CHANGEBOT_REQUIRE_ALL_TESTS";

    public static bool RequireAll => Environment.GetEnvironmentVariable(RequireAllVariable) == "1";

    public static void Require(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (RequireAll)
        {
            Assert.Fail($"{reason} ({RequireAllVariable}=1 makes this a failure instead of a skip)");
        }

        Assert.Skip(reason);
    }

    /// <summary>The one wording of a skip reason for tests that need the Node packages of tests/e2e (and node):
    /// every such reason names the same command, the one .ci/run uses.</summary>
    /// <param name="packages">the npm packages the test uses, e.g. <c>adaptivecards</c>.</param>
    public static string NpmAdvice(string packages) => $"needs node and `npm ci` in tests/e2e ({packages})";

    /// <summary>The first executable named <paramref name="name"/> on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
