using static ChangeBot.Core.Tests.Notices.NoticeErrorAssert;

namespace ChangeBot.Core.Tests.Notices;

/// <summary>Dates, zones, windows, deadlines and reminders in notice files. Line 1 is the opening '---'.</summary>
public sealed class NoticeScheduleErrorTests : IDisposable
{
    private readonly NoticeFileBatch files = new();

    private string Notice => files.PathOf("notice.md");

    public void Dispose() => files.Dispose();

    private static string WithSchedule(string schedule) => $"---\nid: sample-notice\ntitle: Sample\n{schedule}\n---\n## Body\ntext\n";

    [Theory]
    [InlineData("2016-13-01 07:00", "is not a valid date-time")]
    [InlineData("2016-02-30T07:00", "is not a valid date-time")]
    [InlineData("next tuesday", "is not a date-time")]
    [InlineData("2016-12-06", "is not a date-time")]
    public void Import_BadDate_IsReportedOnItsLine(string value, string reason)
    {
        var batch = files.ImportFailing(WithSchedule($"timezone: America/Los_Angeles\nwindow:\n  start: {value}\n  end: 2016-12-06 11:00"));

        HasError(batch, Notice, 6, $"bad date in window.start: '{value}' {reason}");
    }

    [Fact]
    public void Import_LocalTimeRepeatedAtFallBack_IsAmbiguous()
    {
        var batch = files.ImportFailing(WithSchedule("timezone: America/Los_Angeles\nwindow:\n  start: 2016-11-06 01:30\n  end: 2016-11-06 04:00"));

        HasError(batch, Notice, 6, "bad date in window.start: '2016-11-06 01:30' is ambiguous in America/Los_Angeles");
    }

    [Fact]
    public void Import_LocalTimeSkippedAtSpringForward_DoesNotExist()
    {
        var batch = files.ImportFailing(WithSchedule("timezone: America/Los_Angeles\naction_deadline: 2017-03-12T02:30"));

        HasError(batch, Notice, 5, "bad date in action_deadline: '2017-03-12T02:30' does not exist in America/Los_Angeles");
    }

    [Fact]
    public void Import_UnknownTimeZone_IsReportedOnceOnTheZoneLine()
    {
        var batch = files.ImportFailing(WithSchedule("timezone: America/Springfield\nwindow:\n  start: 2016-12-06 07:00\n  end: 2016-12-06 11:00"));

        HasError(batch, Notice, 4, "timezone: unknown time zone 'America/Springfield'; use an IANA id");
        Assert.Single(batch.Errors, e => e.File == Notice);
    }

    [Fact]
    public void Import_LocalTimeWithoutTimezone_AsksForOne()
    {
        var batch = files.ImportFailing(WithSchedule("posted: 2016-11-10T20:38:00-08:00\naction_deadline: 2016-12-06 07:00"));

        HasError(batch, Notice, 5, "bad date in action_deadline: '2016-12-06 07:00' is a local time but no time zone is given; add a timezone");
        Assert.Single(batch.Errors, e => e.File == Notice);
    }

    [Theory]
    [InlineData("2016-12-06 06:00")]
    [InlineData("2016-12-06 07:00")]
    public void Import_WindowEndNotAfterStart_IsReportedOnTheEnd(string end)
    {
        var batch = files.ImportFailing(WithSchedule($"timezone: America/Los_Angeles\nwindow:\n  start: 2016-12-06 07:00\n  end: {end}"));

        HasError(batch, Notice, 7, $"window.end ({end}) must be after window.start (2016-12-06 07:00)");
    }

    [Fact]
    public void Import_WindowEndBeforeStartAcrossZones_ComparesInstants()
    {
        // 10:00 in New York is 07:00 in Los Angeles: the end (06:30 Pacific) is before the start.
        var batch = files.ImportFailing(WithSchedule("timezone: America/Los_Angeles\nwindow:\n  start: 2016-12-06T10:00-05:00\n  end: 2016-12-06 06:30"));

        HasError(batch, Notice, 7, "window.end (2016-12-06 06:30) must be after window.start (2016-12-06T10:00-05:00)");
    }

    [Fact]
    public void Import_DeadlineAfterWindowEnd_IsReportedOnTheDeadline()
    {
        var batch = files.ImportFailing(WithSchedule(
            "timezone: America/Los_Angeles\nwindow:\n  start: 2016-12-06 07:00\n  end: 2016-12-06 11:00\naction_deadline: 2016-12-06 11:01"));

        HasError(batch, Notice, 8, "action_deadline (2016-12-06 11:01) is after the window ends (2016-12-06 11:00)");
    }

    [Fact]
    public void Import_MalformedReminders_AreEachReported()
    {
        var batch = files.ImportFailing(WithSchedule("reminders:\n  - 7d\n  - soon\n  - 0h\n  - 36h\n  - 36h\n  - [1d]"));

        HasError(batch, Notice, 6, "bad reminder: 'soon' is not a duration; write a whole number and a unit: 7d, 36h or 90m");
        HasError(batch, Notice, 7, "bad reminder: '0h' is not a positive duration");
        HasError(batch, Notice, 9, "reminder '36h' is listed twice");
        HasError(batch, Notice, 10, "'reminders' must be a single value, not a list");
        Assert.Equal(4, batch.Errors.Count);
    }

    [Fact]
    public void Import_RemindersNotAList_IsReported()
    {
        var batch = files.ImportFailing(WithSchedule("reminders: 7d"));

        HasError(batch, Notice, 4, "'reminders' must be a list such as [7d, 1d, 2h], not '7d'");
    }

    [Fact]
    public void Import_WindowNotAMapping_IsReported()
    {
        var batch = files.ImportFailing(WithSchedule("window: 2016-12-06 07:00"));

        HasError(batch, Notice, 4, "'window' must be a set of fields (name: value), not '2016-12-06 07:00'");
    }
}
