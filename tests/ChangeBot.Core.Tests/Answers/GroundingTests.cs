using ChangeBot.Core.Answers;
using ChangeBot.Core.Notices;

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

    private static readonly Notice Covering = new()
    {
        Id = "fabrikam",
        Title = "Fabrikam SAML signing rollover",
        Body = "# Fabrikam SAML signing rollover\n\nThe Northwind Portal keeps working.\n\n## Who must act\nTenants on Contosoville.",
        Tags = ["identity-federation"],
        Endpoints = [new NoticeEndpoint("metadata", "https://login.fabrikam.example/metadata", null)],
        Certificates = new AnnouncedChain(new CertificateRef("CN=Fabrikam Root G2, O=Fabrikam", null), null),
        Faq = [new FaqEntry("Is Woodgrove affected?", "Only through its Litware Gateway.")],
    };

    [Theory]
    [InlineData("Fabrikam")]
    [InlineData("northwind portal")]
    [InlineData("identity-federation")]
    [InlineData("login.fabrikam.example")]
    [InlineData("Fabrikam Root G2")]
    [InlineData("Woodgrove")]
    [InlineData("Litware Gateway")]
    public void Covers_NameInAnyPartOfTheNotice_IsCovered(string name)
    {
        Assert.True(new Grounding([Covering]).Covers("fabrikam", name));
    }

    [Theory]
    [InlineData("Contoso")] // only inside "Contosoville"
    [InlineData("Gateway Fabrikam")] // the end of one part and the start of none
    [InlineData("Tailspin")]
    public void Covers_NameTheNoticeDoesNotUse_IsNotCovered(string name)
    {
        Assert.False(new Grounding([Covering]).Covers("fabrikam", name));
        Assert.False(new Grounding([Covering]).Covers("other", "Fabrikam"));
    }

    [Fact]
    public void Covers_NameAcrossTwoParts_IsFoundInTheJoinedText()
    {
        // The title and the body are joined by a line break, as the catalogue has always read them.
        Assert.True(new Grounding([Covering]).Covers("fabrikam", "rollover\n#"));
    }
}
