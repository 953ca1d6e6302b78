using ChangeBot.Core.Answers;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>What a question names that no notice uses is refused (issue 13); regions and formats are a
/// paraphrase's wording, not a vendor.</summary>
public sealed class GroundingTests
{
    [Fact]
    public void Named_RegionOrFormat_IsNotSomethingNoNoticeCovers()
    {
        var grounding = new Grounding(EvaluationSet.NewNotices());

        var (known, unknown) = grounding.Named("Is there a YAML feed of the Contoso ranges for Asia?");

        Assert.Empty(unknown);
        Assert.Contains("Contoso", known);
    }

    [Fact]
    public void Named_VendorNoNoticeUses_IsStillUnknown()
    {
        var grounding = new Grounding(EvaluationSet.NewNotices());

        var (_, unknown) = grounding.Named("Does Tailspin support sending WhatsApp messages from Asia?");

        Assert.Equal(["WhatsApp"], unknown);
    }
}
