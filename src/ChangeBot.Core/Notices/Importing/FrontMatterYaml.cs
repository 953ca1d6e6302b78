using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Loads the front matter into YamlDotNet nodes, which carry the line of every key and value.</summary>
internal static partial class FrontMatterYaml
{
    /// <summary>The root node (null when the front matter is empty); false with an error on a YAML syntax error.</summary>
    public static bool TryLoad(string yaml, NoticeErrorList errors, out YamlNode? root)
    {
        root = null;
        if (!YamlShapeLimit.Check(yaml, errors))
        {
            return false;
        }

        var parser = new PositionTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            return true;
        }
        catch (YamlException ex)
        {
            // End is where the scanner noticed the problem (Start can be the scalar before it). YamlDotNet
            // prefixes its messages with the position, which the error already carries.
            errors.Add(ex.End, $"the front matter is not valid YAML: {MarkPrefix().Replace(ex.Message, "")}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some unclosed lists, e.g. "[api".
            errors.Add(parser.LastGood, "the front matter is not valid YAML after this point: is a list '[' or set of fields '{' not closed?");
        }

        return false;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();

    /// <summary>Remembers where the last event that parsed cleanly began, for errors YamlDotNet reports without a position.</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark LastGood { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is { } current)
            {
                LastGood = current.Start;
            }

            return moved;
        }
    }
}
