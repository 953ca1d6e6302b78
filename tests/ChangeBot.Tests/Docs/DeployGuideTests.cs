using System.Reflection;
using System.Text.RegularExpressions;
using ChangeBot.BotFramework;
using ChangeBot.Slack;
using ChangeBot.Tests.BotFramework;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Tests.Docs;

/// <summary>docs/deploy.md points at deployment files that parse and say what the guide says, and the Slack and
/// Bot Framework settings the guides name are settings the server reads.</summary>
public sealed partial class DeployGuideTests
{
    private static readonly GuideFile Guide = GuideFile.Read("deploy.md");

    private static string DeployFile(string name) => Path.Combine(RepositoryRoot.Path, "manifests", "deploy", name);

    [Fact]
    public void ComposeFile_Parses_AndRunsChangeBotOnPostgres()
    {
        var compose = (YamlMappingNode)Load("compose.yaml").Single().RootNode;

        var services = (YamlMappingNode)compose.Children[new YamlScalarNode("services")];
        Assert.Equal(["changebot", "loadbalancer", "postgres"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal));
        var environment = (YamlMappingNode)((YamlMappingNode)services.Children[new YamlScalarNode("changebot")]).Children[new YamlScalarNode("environment")];
        Assert.Equal("Postgres", ((YamlScalarNode)environment.Children[new YamlScalarNode("ChangeBot__Storage")]).Value);
        Assert.Contains(new YamlScalarNode("ConnectionStrings__Postgres"), environment.Children.Keys);
    }

    [Fact]
    public void ComposeFile_TrustsForwardedHeadersOnlyFromItsOwnNetwork()
    {
        // Behind nginx without this, every client shares the proxy's address (one per-address limit for all).
        var compose = (YamlMappingNode)Load("compose.yaml").Single().RootNode;

        var environment = At(compose, "services", "changebot", "environment");
        var subnet = Scalar(((YamlSequenceNode)At(compose, "networks", "default", "ipam", "config")).Children.Single(), "subnet");
        Assert.Equal(subnet, Scalar(environment, "ForwardedHeaders__KnownNetworks"));
        Assert.True(System.Net.IPNetwork.TryParse(subnet, out _));
    }

    [Fact]
    public void KubernetesFile_Parses_WithTheProbesTheGuideNames()
    {
        var documents = Load("kubernetes.yaml");

        Assert.Equal(["Deployment", "Service"], documents.Select(d => Scalar(d.RootNode, "kind")));
        var container = ((YamlSequenceNode)At(documents[0].RootNode, "spec", "template", "spec", "containers")).Children.Single();
        Assert.Equal("/healthz", Scalar(At(container, "livenessProbe", "httpGet"), "path"));
        Assert.Equal("/readyz", Scalar(At(container, "readinessProbe", "httpGet"), "path"));
        Assert.Equal("changebot", Scalar(((YamlSequenceNode)At(container, "envFrom")).Children.Single(), "secretRef", "name"));
    }

    [Fact]
    public void EveryDeploymentFile_IsNamedInTheGuide()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "manifests", "deploy")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Contains($"manifests/deploy/{f}", Guide.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void SlackAndBotFrameworkSettingsInTheGuides_AreSettingsTheServerReads()
    {
        var sections = new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [SlackOptions.Section] = typeof(SlackOptions),
            [BotFrameworkOptions.Section] = typeof(BotFrameworkOptions),
        };
        var unknown = new List<string>();
        var named = 0;
        foreach (var name in GuideFile.All())
        {
            foreach (Match setting in Setting().Matches(GuideFile.Read(name).Text))
            {
                named++;
                var property = sections[setting.Groups["section"].Value].GetProperty(setting.Groups["key"].Value, BindingFlags.Public | BindingFlags.Instance);
                if (property?.CanWrite != true)
                {
                    unknown.Add($"docs/{name}: {setting.Value}");
                }
            }
        }

        Assert.True(named > 20, $"found only {named} Slack and BotFramework settings in the guides");
        Assert.True(unknown.Count == 0, "not settings of the server: " + string.Join(", ", unknown.Distinct()));
    }

    /// <summary>Behind a proxy, the guide names the settings the server reads (ForwardedHeadersSetup.cs), not ASP.NET
    /// Core's switch that would believe forwarded headers from every sender.</summary>
    [Fact]
    public void TlsInFront_NamesTheForwardedHeadersSettingsTheServerReads()
    {
        var setup = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "ChangeBot", "Hosting", "ForwardedHeadersSetup.cs"));

        foreach (var setting in new[] { "ForwardedHeaders:KnownProxies", "ForwardedHeaders:KnownNetworks" })
        {
            Assert.Contains($"\"{setting}\"", setup, StringComparison.Ordinal);
            Assert.Contains($"`{setting}`", Guide.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("ASPNETCORE_FORWARDEDHEADERS_ENABLED=true", Guide.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("| `ASPNETCORE_FORWARDEDHEADERS_ENABLED` |", Guide.Text, StringComparison.Ordinal);
    }

    private static List<YamlDocument> Load(string name)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(DeployFile(name));
        stream.Load(reader);
        return [.. stream.Documents];
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [GeneratedRegex(@"\b(?<section>Slack|BotFramework)(?::|__)(?<key>[A-Z][A-Za-z]+)\b")]
    private static partial Regex Setting();
}
