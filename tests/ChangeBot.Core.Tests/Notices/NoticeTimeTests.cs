using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Notices;

public sealed class NoticeTimeTests
{
    private const string Pacific = "America/Los_Angeles";

    [Theory]
    // The day before the November 2016 fall-back change: PDT, UTC-7.
    [InlineData("2016-11-05T12:00", "2016-11-05T19:00:00Z", -7)]
    // The day after: PST, UTC-8.
    [InlineData("2016-11-07T12:00", "2016-11-07T20:00:00Z", -8)]
    [InlineData("2016-12-06 07:00", "2016-12-06T15:00:00Z", -8)]
    [InlineData("2016-12-06T11:00:00", "2016-12-06T19:00:00Z", -8)]
    // Just after the spring-forward gap (02:00 -> 03:00 on 2017-03-12).
    [InlineData("2017-03-12T03:00", "2017-03-12T10:00:00Z", -7)]
    public void ParseInstant_LocalTimeInPacific_UsesTheOffsetInForceThatDay(string local, string utc, int offsetHours)
    {
        var instant = NoticeTime.ParseInstant(local, Pacific);

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(TimeSpan.FromHours(offsetHours), instant.Offset);
    }

    [Fact]
    public void ParseInstant_TimeRepeatedAtFallBack_IsAmbiguous()
    {
        var ex = Assert.Throws<FormatException>(() => NoticeTime.ParseInstant("2016-11-06T01:30", Pacific));

        Assert.Contains("ambiguous", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-07:00 or -08:00", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseInstant_TimeSkippedAtSpringForward_DoesNotExist()
    {
        var ex = Assert.Throws<FormatException>(() => NoticeTime.ParseInstant("2017-03-12T02:30", Pacific));

        Assert.Contains("does not exist in America/Los_Angeles", ex.Message, StringComparison.Ordinal);
        Assert.Contains("skip", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2016-11-06T01:30-07:00", "2016-11-06T08:30:00Z")]
    [InlineData("2016-11-06T01:30-08:00", "2016-11-06T09:30:00Z")]
    [InlineData("2016-12-06T15:00:00Z", "2016-12-06T15:00:00Z")]
    [InlineData("2016-12-06T16:00:00+0100", "2016-12-06T15:00:00Z")]
    [InlineData("2016-12-06 07:00:00.5-08:00", "2016-12-06T15:00:00.5Z")]
    public void ParseInstant_ExplicitOffset_WinsOverTheZone(string value, string utc)
    {
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), NoticeTime.ParseInstant(value, Pacific));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), NoticeTime.ParseInstant(value, null));
    }

    [Theory]
    [InlineData("2016-12-06T07:00", null, "no time zone is given")]
    [InlineData("2016-12-06T07:00", " ", "no time zone is given")]
    [InlineData("2016-12-06T07:00", "Mars/Olympus_Mons", "unknown time zone 'Mars/Olympus_Mons'")]
    // A Windows id resolves on Linux too, but notices promise IANA ids.
    [InlineData("2016-12-06T07:00", "Pacific Standard Time", "unknown time zone")]
    [InlineData("2016-02-30T07:00", Pacific, "not a valid date-time")]
    [InlineData("2016-12-06T25:00", Pacific, "not a valid date-time")]
    [InlineData("2016-12-06", Pacific, "is not a date-time")]
    [InlineData("December 6, 2016 7:00 AM", Pacific, "is not a date-time")]
    [InlineData("2016-12-06T07:00+15:00", Pacific, "impossible UTC offset")]
    [InlineData("", Pacific, "is not a date-time")]
    public void ParseInstant_BadInput_NamesTheProblem(string value, string? zone, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => NoticeTime.ParseInstant(value, zone));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
