using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Bounds the shape of the front matter before YamlDotNet builds its node model. The model is built by
/// recursion with no depth limit, so a body of a few hundred KB of <c>[[[[</c> would overflow the stack (an
/// uncatchable crash of the whole server); its parser is not recursive, so one pass over its events is safe.</summary>
internal static class YamlShapeLimit
{
    /// <summary>A notice nests three levels (window: start:); 32 leaves room for any real file.</summary>
    public const int MaxDepth = 32;

    /// <summary>Scalars, lists, fields and aliases together; a real notice has well under a hundred.</summary>
    public const int MaxNodes = 10_000;

    /// <summary>True when the YAML stays within the limits (or is not valid YAML, which the loader reports itself);
    /// otherwise false with an error on the line where it went too far.</summary>
    public static bool Check(string yaml, NoticeErrorList errors)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        var nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case SequenceStart or MappingStart:
                        nodes++;
                        if (++depth > MaxDepth)
                        {
                            errors.Add(parser.Current.Start, $"nesting too deep: lists and fields nest at most {MaxDepth} levels");
                            return false;
                        }

                        break;
                    case SequenceEnd or MappingEnd:
                        depth--;
                        break;
                    case Scalar or AnchorAlias:
                        nodes++;
                        break;
                }

                if (nodes > MaxNodes)
                {
                    errors.Add(parser.Current!.Start, $"the front matter is too large: at most {MaxNodes} values, lists and fields");
                    return false;
                }
            }
        }
        catch (YamlException)
        {
            // A syntax error: the loader reports it with its reason.
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some unclosed lists; the loader reports it too.
        }

        return true;
    }
}
