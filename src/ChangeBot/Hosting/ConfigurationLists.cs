namespace ChangeBot.Hosting;

internal static class ConfigurationLists
{
    /// <summary>
    /// Reads a list setting given either as one comma-separated value (handy in one environment
    /// variable: <c>ChangeBot__SupportUsers=slack:U1,msteams:29:x</c>) or as indexed children
    /// (<c>ChangeBot__SupportUsers__0</c>, JSON arrays).
    /// </summary>
    public static IReadOnlyList<string> ReadList(this IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        // A section with indexed children can still carry an empty value of its own (host settings
        // copied by WebApplicationFactory do), so only a non-empty value counts as the single form.
        var values = section.Value is { Length: > 0 } single
            ? single.Split(',')
            : section.GetChildren().Select(c => c.Value ?? "");
        return [.. values.Select(v => v.Trim()).Where(v => v.Length > 0)];
    }
}
