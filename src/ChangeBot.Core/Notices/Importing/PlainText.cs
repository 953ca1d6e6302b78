using System.Globalization;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Markdig syntax trees as readable plain text for chat answers: markup dropped, paragraphs
/// separated by a blank line, list items kept on their own lines with their numbers, link targets kept
/// (an answer that says "the test endpoint" must still show where it is).</summary>
internal static class PlainText
{
    public static string OfBlocks(IEnumerable<Block> blocks) =>
        string.Join("\n\n", blocks.Select(OfBlock).Where(text => text.Length > 0));

    public static string OfInlines(ContainerInline? inlines)
    {
        var text = new StringBuilder();
        Append(text, inlines);
        return text.ToString().Trim();
    }

    private static string OfBlock(Block block) => block switch
    {
        HeadingBlock heading => OfInlines(heading.Inline),
        ParagraphBlock paragraph => OfInlines(paragraph.Inline),
        CodeBlock code => code.Lines.ToString().TrimEnd(),
        HtmlBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup => "",
        ListBlock list => OfList(list),
        ContainerBlock container => OfBlocks(container),
        LeafBlock leaf => OfInlines(leaf.Inline),
        _ => "",
    };

    private static string OfList(ListBlock list)
    {
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, CultureInfo.InvariantCulture, out var start) ? start : 1;
        var items = new List<string>();
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? string.Create(CultureInfo.InvariantCulture, $"{number++}. ") : "- ";
            var text = string.Join("\n", item.Select(OfBlock).Where(t => t.Length > 0));
            // Continuation lines line up under the item's text.
            items.Add(marker + text.Replace("\n", "\n" + new string(' ', marker.Length), StringComparison.Ordinal));
        }

        return string.Join("\n", items);
    }

    private static void Append(StringBuilder text, Inline? inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline lineBreak:
                text.Append(lineBreak.IsHard ? '\n' : ' ');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case LinkInline link:
                AppendLink(text, link);
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(text, child);
                }

                break;
        }
    }

    private static void AppendLink(StringBuilder text, LinkInline link)
    {
        var label = new StringBuilder();
        foreach (var child in link)
        {
            Append(label, child);
        }

        text.Append(label);
        if (!link.IsImage && !string.IsNullOrEmpty(link.Url) && label.ToString() != link.Url)
        {
            text.Append(" (").Append(link.Url).Append(')');
        }
    }
}
