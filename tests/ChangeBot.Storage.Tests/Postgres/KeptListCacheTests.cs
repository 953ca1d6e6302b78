using ChangeBot.Storage.Postgres;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>The bounded memory behind PostgresChangeBotStore.ReadCache.cs (no database needed).</summary>
public sealed class KeptListCacheTests
{
    [Fact]
    public void TryGet_KeptAndOtherKey_HandsOutOnlyTheKeptList()
    {
        var cache = new KeptListCache(maxLists: 4, maxRows: 100);
        cache.Keep<int>("a", [1, 2]);

        Assert.False(cache.TryGet<int>("b", out _));
        Assert.True(cache.TryGet<int>("a", out var kept));
        Assert.Equal([1, 2], kept);
    }

    [Fact]
    public void Keep_MoreListsThanAllowed_DropsTheLeastRecentlyUsed()
    {
        var cache = new KeptListCache(maxLists: 2, maxRows: 100);
        cache.Keep<int>("a", [1]);
        cache.Keep<int>("b", [1]);
        Assert.True(cache.TryGet<int>("a", out _));

        cache.Keep<int>("c", [1]);

        Assert.True(cache.TryGet<int>("a", out _));
        Assert.False(cache.TryGet<int>("b", out _));
        Assert.True(cache.TryGet<int>("c", out _));
    }

    [Fact]
    public void Keep_MoreRowsThanAllowed_DropsOldestUntilUnderAndNeverKeepsATooLongList()
    {
        var cache = new KeptListCache(maxLists: 10, maxRows: 5);
        cache.Keep<int>("a", [1, 2, 3]);
        cache.Keep<int>("b", [1, 2]);
        cache.Keep<int>("c", [1, 2]);
        cache.Keep<int>("long", [1, 2, 3, 4, 5, 6]);

        Assert.False(cache.TryGet<int>("a", out _));
        Assert.True(cache.TryGet<int>("b", out _));
        Assert.True(cache.TryGet<int>("c", out _));
        Assert.False(cache.TryGet<int>("long", out _));
    }

    [Fact]
    public void Keep_SameKeyAgain_ReplacesAndCountsItsRowsOnce()
    {
        var cache = new KeptListCache(maxLists: 10, maxRows: 4);
        cache.Keep<int>("a", [1, 2, 3]);
        cache.Keep<int>("a", [4, 5, 6]);

        Assert.True(cache.TryGet<int>("a", out var kept));
        Assert.Equal([4, 5, 6], kept);
    }
}
