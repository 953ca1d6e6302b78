using ChangeBot.Core.Notices.Importing;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Core.Notices;

/// <summary>
/// A stored notice's certificate bundle: the PEM an import from the notice's folder read on the server (the CLI),
/// and the file name its source gave. Text sent without a folder (the console's editor) may keep it by naming the
/// same file; the server never reads a file a form names (docs/console.md#write-a-notice-consolenoticesnew-consolenoticesidedit).
/// </summary>
public sealed record KeptBundle(string Path, string Pem)
{
    /// <summary>The bundle of <paramref name="stored"/>, or null when it has none (or its source does not name it).</summary>
    public static KeptBundle? Of(Notice? stored)
    {
        if (stored?.Certificates?.BundlePem is not { } pem)
        {
            return null;
        }

        var errors = new NoticeErrorList("stored notice");
        if (FrontMatter.Split(stored.Source, errors) is not { } frontMatter
            || !FrontMatterYaml.TryLoad(frontMatter.Yaml, errors, out var root)
            || Child(root, "certificates") is not { } certificates
            || Child(certificates, "bundle") is not YamlScalarNode { Value: { Length: > 0 } path })
        {
            return null;
        }

        return new KeptBundle(path, pem);
    }

    private static YamlNode? Child(YamlNode? node, string name) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(name), out var child) ? child : null;
}
