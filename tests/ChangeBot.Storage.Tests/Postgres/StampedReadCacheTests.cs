using ChangeBot.Storage.Postgres;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>The bounded, stamp-checked memory behind PostgresChangeBotStore.ReadCache.cs (no database needed).</summary>
public sealed class StampedReadCacheTests
{
    [Fact]
    public void TryGet_OtherStamp_Misses()
    {
        var cache = new StampedReadCache(maxLists: 4, maxRows: 100);
        cache.Keep<int>("a", 7, [1, 2]);

        Assert.False(cache.TryGet<int>("a", 8, out _));
        Assert.True(cache.TryGet<int>("a", 7, out var kept));
        Assert.Equal([1, 2], kept);
    }

    [Fact]
    public void Keep_MoreListsThanAllowed_DropsTheLeastRecentlyUsed()
    {
        var cache = new StampedReadCache(maxLists: 2, maxRows: 100);
        cache.Keep<int>("a", 1, [1]);
        cache.Keep<int>("b", 1, [1]);
        Assert.True(cache.TryGet<int>("a", 1, out _));

        cache.Keep<int>("c", 1, [1]);

        Assert.True(cache.TryGet<int>("a", 1, out _));
        Assert.False(cache.TryGet<int>("b", 1, out _));
        Assert.True(cache.TryGet<int>("c", 1, out _));
    }

    [Fact]
    public void Keep_MoreRowsThanAllowed_DropsOldestUntilUnderAndNeverKeepsATooLongList()
    {
        var cache = new StampedReadCache(maxLists: 10, maxRows: 5);
        cache.Keep<int>("a", 1, [1, 2, 3]);
        cache.Keep<int>("b", 1, [1, 2]);
        cache.Keep<int>("c", 1, [1, 2]);
        cache.Keep<int>("long", 1, [1, 2, 3, 4, 5, 6]);

        Assert.False(cache.TryGet<int>("a", 1, out _));
        Assert.True(cache.TryGet<int>("b", 1, out _));
        Assert.True(cache.TryGet<int>("c", 1, out _));
        Assert.False(cache.TryGet<int>("long", 1, out _));
    }

    [Fact]
    public void Keep_SameKeyAgain_ReplacesAndCountsItsRowsOnce()
    {
        var cache = new StampedReadCache(maxLists: 10, maxRows: 4);
        cache.Keep<int>("a", 1, [1, 2, 3]);
        cache.Keep<int>("a", 2, [1, 2, 3]);

        Assert.False(cache.TryGet<int>("a", 1, out _));
        Assert.True(cache.TryGet<int>("a", 2, out _));
    }
}
