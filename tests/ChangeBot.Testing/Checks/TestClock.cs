using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Testing.Checks;

/// <summary>One instant per test run that generated certificates are dated from. Engine tests pin a
/// <see cref="FakeTimeProvider"/> to it; CLI tests run on the real clock, which is seconds away.</summary>
public static class TestClock
{
    public static DateTimeOffset Now { get; } = TruncateToSecond(TimeProvider.System.GetUtcNow());

    public static FakeTimeProvider Fake() => new(Now);

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
