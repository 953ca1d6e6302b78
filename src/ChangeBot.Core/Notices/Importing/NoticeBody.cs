using Markdig;
using Markdig.Syntax;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Splits a notice body into its <c>##</c> sections, each heading with the readable plain text
/// under it, so that every section can be quoted on its own as an answer.</summary>
internal static class NoticeBody
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    public static IReadOnlyList<NoticeSection> Sections(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var sections = new List<NoticeSection>();
        string? heading = null;
        var blocks = new List<Block>();

        foreach (var block in document)
        {
            // A level-1 or level-2 heading ends the current section; text before the first "##"
            // (an introduction) and under a "#" title is not a passage of its own.
            if (block is HeadingBlock { Level: <= 2 } next)
            {
                Flush();
                heading = next.Level == 2 ? PlainText.OfInlines(next.Inline) : null;
                continue;
            }

            blocks.Add(block);
        }

        Flush();
        return sections;

        void Flush()
        {
            if (heading is not null)
            {
                sections.Add(new NoticeSection(heading, PlainText.OfBlocks(blocks)));
            }

            blocks.Clear();
        }
    }
}
