using System.Text.RegularExpressions;
using ChangeBot.Slack.Endpoints;
using ChangeBot.Tests.BotFramework;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Tests.Docs;

/// <summary>docs/install-slack.md explains the scopes the server asks for, names both manifests, and gives the
/// request URLs the HTTPS manifest (and so the server) uses.</summary>
public sealed partial class InstallSlackGuideTests
{
    private static readonly GuideFile Guide = GuideFile.Read("install-slack.md");

    [Fact]
    public void ScopeTable_IsTheScopesTheInstallAsksFor()
    {
        var documented = Guide.FirstColumnCodes("Scopes and why").Order(StringComparer.Ordinal);

        Assert.Equal(SlackOAuthEndpoints.BotScopes.Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public void EveryManifest_IsNamedInTheGuide_AndParses()
    {
        var manifests = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "manifests", "slack"), "*.yaml").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(2, manifests.Count);
        foreach (var file in manifests)
        {
            Assert.Contains($"`manifests/slack/{Path.GetFileName(file)}`", Guide.Text, StringComparison.Ordinal);
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
        }
    }

    [Fact]
    public void UrlTable_GivesTheHttpsManifestsUrls()
    {
        var manifestPaths = ManifestUrls().Select(url => new Uri(url).AbsolutePath).Order(StringComparer.Ordinal).ToList();
        var tableRows = string.Join('\n', Guide.Section("Production: HTTPS endpoints").Split('\n').Where(line => line.TrimStart().StartsWith('|')));
        var guidePaths = GuideUrl().Matches(tableRows).Select(m => m.Groups["path"].Value)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["/slack/commands", "/slack/events", "/slack/interactions", "/slack/oauth/callback"], manifestPaths);
        Assert.Equal(manifestPaths, guidePaths);
    }

    [Fact]
    public void EventsNamedInTheGuide_AreTheManifestsEvents()
    {
        var events = Strings(At(LoadHttpsManifest(), "settings", "event_subscriptions", "bot_events"));
        var section = Guide.Section("Scopes and why");

        Assert.All(events, e => Assert.Contains($"`{e}`", section, StringComparison.Ordinal));
    }

    private static IEnumerable<string> ManifestUrls()
    {
        var manifest = LoadHttpsManifest();
        var command = ((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children.Single();
        yield return ((YamlScalarNode)At(command, "url")).Value!;
        yield return ((YamlScalarNode)At(manifest, "settings", "event_subscriptions", "request_url")).Value!;
        yield return ((YamlScalarNode)At(manifest, "settings", "interactivity", "request_url")).Value!;
        foreach (var redirect in Strings(At(manifest, "oauth_config", "redirect_urls")))
        {
            yield return redirect;
        }
    }

    private static YamlMappingNode LoadHttpsManifest()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "manifests", "slack", "app-manifest.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static List<string> Strings(YamlNode node) => [.. ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!)];

    [GeneratedRegex(@"`https://<host>(?<path>/slack/[a-z/]+)`")]
    private static partial Regex GuideUrl();
}
