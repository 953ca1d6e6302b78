using ChangeBot.Slack.Endpoints;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Tests.Slack;

/// <summary>The app manifests promise what the server serves: scopes, URLs, events, limits.</summary>
public sealed class SlackManifestTests
{
    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryRoot.Combine("manifests", "slack", file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static List<string> Strings(YamlNode node) => [.. ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!)];

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;

    [Theory]
    [InlineData("app-manifest.yaml")]
    [InlineData("app-manifest.socket-mode.yaml")]
    public void Manifest_ScopesAndEvents_MatchTheServer(string file)
    {
        var manifest = Load(file);

        Assert.Equal(SlackOAuthEndpoints.BotScopes.Order(), Strings(At(manifest, "oauth_config", "scopes", "bot")).Order());
        Assert.Equal(["app_mention", "app_uninstalled", "message.im", "tokens_revoked"], Strings(At(manifest, "settings", "event_subscriptions", "bot_events")).Order());
        var command = (YamlMappingNode)((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children.Single();
        Assert.Equal("/changebot", Scalar(At(command, "command")));
        Assert.True(Scalar(At(manifest, "display_information", "name")).Length <= 35);
        Assert.True(Scalar(At(manifest, "display_information", "description")).Length <= 140);
        Assert.Equal("true", Scalar(At(manifest, "features", "app_home", "messages_tab_enabled")));
        Assert.Equal("false", Scalar(At(manifest, "features", "app_home", "messages_tab_read_only_enabled")));
    }

    [Fact]
    public void Manifest_Urls_AreTheServersEndpoints()
    {
        var manifest = Load("app-manifest.yaml");
        var command = (YamlMappingNode)((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children.Single();

        Assert.Equal("/slack/commands", new Uri(Scalar(At(command, "url"))).AbsolutePath);
        Assert.Equal("/slack/events", new Uri(Scalar(At(manifest, "settings", "event_subscriptions", "request_url"))).AbsolutePath);
        Assert.Equal("/slack/interactions", new Uri(Scalar(At(manifest, "settings", "interactivity", "request_url"))).AbsolutePath);
        Assert.Equal(["/slack/oauth/callback"], Strings(At(manifest, "oauth_config", "redirect_urls")).Select(u => new Uri(u).AbsolutePath));
        Assert.Equal("false", Scalar(At(manifest, "settings", "socket_mode_enabled")));
        Assert.Equal("true", Scalar(At(Load("app-manifest.socket-mode.yaml"), "settings", "socket_mode_enabled")));
    }
}
