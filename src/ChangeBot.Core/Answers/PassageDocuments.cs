using ChangeBot.Core.Notices;
using Lucene.Net.Documents;

namespace ChangeBot.Core.Answers;

/// <summary>One answerable piece of a notice: its title and introduction, a <c>##</c> section, or an FAQ entry.</summary>
internal sealed record Passage(string NoticeId, PassageKind Kind, string Heading, string Text);

internal enum PassageKind { Summary, Section, Faq }

/// <summary>How notices become Lucene documents: one document per passage.</summary>
internal static class PassageDocuments
{
    public const string NoticeField = "notice";
    public const string KindField = "kind";
    public const string HeadingField = "heading";
    public const string TextField = "text";

    /// <summary>What the passage says (heading and text); matched and covered.</summary>
    public const string ContentField = "content";

    /// <summary>What the notice is about (title, products, environments, tags), on every passage so a
    /// question naming the notice ("the TLS 1.0 deprecation") finds its passages.</summary>
    public const string AboutField = "about";

    /// <summary>A section's heading (a question, usually): matching it says this is the passage meant.</summary>
    public const string HeadingTermsField = "head";

    /// <summary>An FAQ entry's question alone: when a question is a paraphrase of it, support's answer wins.</summary>
    public const string FaqQuestionField = "faqq";

    private static readonly FieldType AnalyzedWithVectors = CreateAnalyzedWithVectors();

    public static IEnumerable<Passage> Passages(Notice notice)
    {
        // The title is searchable on every passage ("about"); an introduction is a passage of its own.
        var introduction = Introduction(notice);
        if (introduction.Length > 0)
        {
            yield return new Passage(notice.Id, PassageKind.Summary, notice.Title, introduction);
        }

        foreach (var section in notice.Sections)
        {
            yield return new Passage(notice.Id, PassageKind.Section, section.Heading, section.Text.Trim());
        }

        foreach (var faq in notice.Faq)
        {
            yield return new Passage(notice.Id, PassageKind.Faq, faq.Question, faq.Answer.Trim());
        }
    }

    public static IEnumerable<Document> Documents(Notice notice)
    {
        var about = string.Join(' ', [notice.Title, .. notice.Products, .. notice.Environments, .. notice.Tags]).Replace('-', ' ');
        foreach (var passage in Passages(notice))
        {
            var document = new Document
            {
                new StringField(NoticeField, passage.NoticeId, Field.Store.YES),
                new StringField(KindField, passage.Kind.ToString(), Field.Store.YES),
                new StoredField(HeadingField, passage.Heading),
                new StoredField(TextField, passage.Text),
                // The title is in "about" already; a summary repeating it would outrank every section.
                new Field(ContentField, passage.Kind == PassageKind.Summary ? passage.Text : passage.Heading + "\n" + passage.Text, AnalyzedWithVectors),
                new Field(AboutField, about, AnalyzedWithVectors),
            };
            if (passage.Kind == PassageKind.Section)
            {
                document.Add(new Field(HeadingTermsField, passage.Heading, AnalyzedWithVectors));
            }

            if (passage.Kind == PassageKind.Faq)
            {
                document.Add(new Field(FaqQuestionField, passage.Heading, AnalyzedWithVectors));
            }

            yield return document;
        }
    }

    public static Passage ToPassage(Document document) => new(
        document.Get(NoticeField),
        Enum.Parse<PassageKind>(document.Get(KindField)),
        document.Get(HeadingField),
        document.Get(TextField));

    /// <summary>The body before its first <c>##</c> heading (without a <c>#</c> title line); may be empty.</summary>
    internal static string Introduction(Notice notice)
    {
        var body = notice.Body;
        var firstSection = body.StartsWith("## ", StringComparison.Ordinal) ? 0 : body.IndexOf("\n## ", StringComparison.Ordinal);
        var intro = (firstSection >= 0 ? body[..firstSection] : body).Trim();
        var lines = intro.Split('\n').Where(l => !l.StartsWith("# ", StringComparison.Ordinal));
        return string.Join('\n', lines).Trim();
    }

    private static FieldType CreateAnalyzedWithVectors()
    {
        // Term vectors give each candidate's term set back cheaply, which the coverage confidence needs.
        var type = new FieldType(Lucene.Net.Documents.TextField.TYPE_NOT_STORED) { StoreTermVectors = true };
        type.Freeze();
        return type;
    }
}
