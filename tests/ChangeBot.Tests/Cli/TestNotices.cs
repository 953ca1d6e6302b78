namespace ChangeBot.Tests.Cli;

/// <summary>Notice files for CLI and REST import tests: in the future, and without a certificates bundle (which only a file import carries).</summary>
internal static class TestNotices
{
    public static string Valid(string id, string body = "The database moves to a new major version.") => $"""
        ---
        id: {id}
        title: Database upgrade {id}
        severity: info
        products: [api]
        timezone: Europe/Berlin
        window:
          start: 2031-03-01 22:00
          end: 2031-03-02 02:00
        action_deadline: 2031-03-01 12:00
        downtime: partial
        ---
        ## What is changing
        {body}
        """;

    /// <summary>Writes the notice as <c>&lt;id&gt;.md</c> in <paramref name="folder"/> and returns its path.</summary>
    public static string Write(TempDirectory folder, string id, string? body = null)
    {
        var path = folder.File(id + ".md");
        File.WriteAllText(path, body is null ? Valid(id) : Valid(id, body));
        return path;
    }
}
