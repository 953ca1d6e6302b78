using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Tests.Conversations;

/// <summary>changebot.questions counts free-text questions by outcome and platform (not commands, not small talk).</summary>
public sealed class QuestionMetricsTests
{
    [Fact]
    public async Task Questions_AnsweredAndUnanswered_AreCountedByOutcomeAndPlatform()
    {
        using var kit = new ConversationTestKit();
        await kit.PublishEvaluationNoticesAsync();
        // A platform name of this test's own: other tests in the process record on the same meter at the same time.
        var platform = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var counted = new ConcurrentQueue<(long Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ChangeBotTelemetry.Name && instrument.Name == "changebot.questions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            if (all.Any(t => t.Key == "platform" && Equals(t.Value, platform)))
            {
                counted.Enqueue((value, all.Single(t => t.Key == "outcome").Value as string));
            }
        });
        listener.Start();

        await SayAsync(kit, platform, "does the Salesforce connector need changes?");
        await SayAsync(kit, platform, "is the moon made of green cheese?");
        await SayAsync(kit, platform, "hello");
        await SayAsync(kit, platform, "notices");

        Assert.Equal([(1L, "answered"), (1L, "unanswered")], counted.ToArray());
    }

    private static Task<IReadOnlyList<Reply>> SayAsync(ConversationTestKit kit, string platform, string text) =>
        kit.Handler.HandleAsync(new IncomingMessage
        {
            Address = new ConversationAddress(platform, "T1", "C1"),
            UserId = platform + ":U1",
            Text = text,
        }, TestContext.Current.CancellationToken);
}
