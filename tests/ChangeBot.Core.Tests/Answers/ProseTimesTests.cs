using ChangeBot.Core.Answers;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>Times written in a notice's prose reach the reader in their own zone, like structured times.</summary>
public sealed class ProseTimesTests
{
    [Fact]
    public void InReaderZone_DateWithTimesInTheNoticesZone_AddsTheInstantsAfterTheWords()
    {
        var text = ProseTimes.InReaderZone("The certificate is switched on March 9, 2027 between 1:00 AM and 4:00 AM Eastern Time.", "America/New_York");

        Assert.Equal(
            "The certificate is switched on March 9, 2027 between 1:00 AM and 4:00 AM Eastern Time " +
            $"({TimeMarkup.Mark(DateTimeOffset.Parse("2027-03-09T06:00Z"))} – {TimeMarkup.Mark(DateTimeOffset.Parse("2027-03-09T09:00Z"))}).",
            text);
    }

    [Fact]
    public void InReaderZone_RangePastMidnight_EndsOnTheNextDay()
    {
        var text = ProseTimes.InReaderZone("The move happens on May 8, 2027 between 10:00 PM and 2:00 AM Central Time.", "America/Chicago");

        Assert.Contains($"({TimeMarkup.Mark(DateTimeOffset.Parse("2027-05-09T03:00Z"))} – {TimeMarkup.Mark(DateTimeOffset.Parse("2027-05-09T07:00Z"))})", text, StringComparison.Ordinal);
    }

    [Fact]
    public void InReaderZone_TwentyFourHourClockAndWrittenUtc_IsReadAsUtc()
    {
        var text = ProseTimes.InReaderZone("Brownouts on 2027-04-06 at 07:00 UTC last an hour.", "Europe/Paris");

        Assert.Equal($"Brownouts on 2027-04-06 at 07:00 UTC ({TimeMarkup.Mark(DateTimeOffset.Parse("2027-04-06T07:00Z"))}) last an hour.", text);
    }

    [Theory]
    [InlineData("The old CA expires on March 9, 2027.", "America/New_York")]
    [InlineData("Rotate the key at 2:00 each night.", "America/New_York")]
    [InlineData("The certificate is switched on March 9, 2027 at 1:00 AM.", null)]
    public void InReaderZone_NoDayAndTimeOrNoZone_IsQuotedAsWritten(string prose, string? zone)
    {
        Assert.Equal(prose, ProseTimes.InReaderZone(prose, zone));
    }
}
