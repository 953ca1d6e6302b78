using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Notices;

public sealed class NoticeDurationTests
{
    public static TheoryData<string, TimeSpan> Durations => new()
    {
        { "7d", TimeSpan.FromDays(7) },
        { "1d", TimeSpan.FromDays(1) },
        { "36h", TimeSpan.FromHours(36) },
        { "2h", TimeSpan.FromHours(2) },
        { "90m", TimeSpan.FromMinutes(90) },
        { "1m", TimeSpan.FromMinutes(1) },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void ParseDuration_WholeNumberAndUnit_ParsesAndFormatsBack(string text, TimeSpan expected)
    {
        Assert.Equal(expected, NoticeTime.ParseDuration(text));
        Assert.Equal(text, NoticeTime.FormatDuration(expected));
    }

    [Theory]
    [InlineData(" 7d ", 7 * 24 * 60)]
    [InlineData("3650d", 3650 * 24 * 60)]
    [InlineData("0090m", 90)]
    public void ParseDuration_EdgeForms_AreAccepted(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), NoticeTime.ParseDuration(text));

    [Theory]
    [InlineData("0d", "not a positive duration")]
    [InlineData("0m", "not a positive duration")]
    [InlineData("-1d", "is not a duration")]
    [InlineData("7", "is not a duration")]
    [InlineData("d", "is not a duration")]
    [InlineData("7w", "is not a duration")]
    [InlineData("7D", "is not a duration")]
    [InlineData("1.5h", "is not a duration")]
    [InlineData("7 d", "is not a duration")]
    [InlineData("1d2h", "is not a duration")]
    [InlineData("", "is not a duration")]
    [InlineData("12345678d", "is not a duration")]
    [InlineData("3651d", "longer than the longest allowed duration")]
    public void ParseDuration_Malformed_Throws(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => NoticeTime.ParseDuration(text));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24 * 60, "1d")]
    [InlineData(48 * 60, "2d")]
    [InlineData(120, "2h")]
    [InlineData(25 * 60, "25h")]
    [InlineData(61, "61m")]
    public void FormatDuration_UsesTheLargestWholeUnit(int minutes, string expected) =>
        Assert.Equal(expected, NoticeTime.FormatDuration(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(0.5)]
    public void FormatDuration_NotPositiveWholeMinutes_Throws(double minutes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NoticeTime.FormatDuration(TimeSpan.FromMinutes(minutes)));
}
