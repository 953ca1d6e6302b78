using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Hosting;
using ChangeBot.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.Hosting;

/// <summary><c>changebot demo</c>'s notice: the shipped sample, its dates moved so the deadline is minutes away.</summary>
public sealed class DemoNoticeTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_TheShippedSample_MovesEveryDateByOneAmountRelativeToTheClock()
    {
        var clock = new FakeTimeProvider(Now);
        var sample = ShippedSample();

        var demo = DemoNotice.From(sample, clock.GetUtcNow());

        Assert.Equal(Now + DemoNotice.DeadlineIn, demo.ActionDeadline);
        var shift = demo.ActionDeadline!.Value - sample.ActionDeadline!.Value;
        Assert.Equal(sample.WindowStart + shift, demo.WindowStart);
        Assert.Equal(sample.WindowEnd + shift, demo.WindowEnd);
        Assert.Equal([DemoNotice.ReminderBefore], demo.Reminders);
        Assert.True(demo.ActionDeadline - DemoNotice.ReminderBefore > Now, "the reminder must come after the broadcast");
        Assert.Equal("api-sandbox-tls-certificate-demo", demo.Id);
        Assert.Equal(NoticeState.Draft, demo.State);
        Assert.Equal(sample.Body, demo.Body);
    }

    [Fact]
    public async Task From_TheShippedSample_ImportsBesideTheSample()
    {
        using var app = new ChangeBotApp();
        var store = app.Services.GetRequiredService<INoticeStore>();
        var ct = TestContext.Current.CancellationToken;

        await store.ImportNoticesAsync([DemoNotice.From(ShippedSample(), Now)], ct);

        var stored = await store.GetNoticeAsync("api-sandbox-tls-certificate-demo", ct);
        Assert.NotNull(stored);
        Assert.Equal(Now + DemoNotice.DeadlineIn, stored.ActionDeadline);
    }

    private static Notice ShippedSample()
    {
        var folder = RepositoryRoot.SampleNotices;
        return new NoticeImporter().Parse(File.ReadAllText(Path.Combine(folder, "api-sandbox-tls-certificate.md")), "api-sandbox-tls-certificate.md", folder).Notice!;
    }
}
