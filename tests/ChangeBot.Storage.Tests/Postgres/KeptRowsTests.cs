using ChangeBot.Storage.Postgres;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>The merge behind PostgreSQL's incremental notice reads (KeptRows.cs; no database needed): a merged list
/// equals the list a full read would give.</summary>
public sealed class KeptRowsTests
{
    private static KeptRows<string>.Row Row(long ticks, string key, ulong writtenBy, string record) =>
        new(new RowKey(ticks, 0, key), writtenBy, record);

    [Fact]
    public void Merge_ChangedAndNewRows_ReplacesInPlaceAndInsertsInOrder()
    {
        var kept = KeptRows<string>.Of([Row(1, "a", 10, "a1"), Row(1, "c", 10, "c1"), Row(2, "b", 11, "b1")], since: 12, removed: 0);

        var merged = kept.Merge([Row(0, "z", 13, "z1"), Row(1, "b", 14, "b0"), Row(1, "c", 13, "c2"), Row(3, "d", 13, "d1")], since: 15, removed: 0);

        // "b" moved (another created instant): it is where the new one sorts, once.
        Assert.Equal(["z1", "a1", "b0", "c2", "d1"], merged);
        Assert.Equal(15UL, merged.Since);
        Assert.Equal(["a1", "c1", "b1"], kept);
    }

    [Fact]
    public void Merge_NothingChanged_IsTheSameListWithTheLaterXmin()
    {
        var kept = KeptRows<string>.Of([Row(1, "a", 10, "a1")], since: 12, removed: 0);

        Assert.Same(kept, kept.Merge([], since: 20, removed: 0));
        Assert.Equal(20UL, kept.Since);
        Assert.Same(kept, kept.Merge([], since: 18, removed: 0));
        Assert.Equal(20UL, kept.Since);
    }

    [Fact]
    public void Holds_SameRowSameWriter_TrueOtherwiseFalse()
    {
        var kept = KeptRows<string>.Of([Row(1, "a", 10, "a1"), Row(2, "b", 0, "b1")], since: 12, removed: 0);

        Assert.True(kept.Holds(new RowKey(1, 0, "a"), 10));
        Assert.False(kept.Holds(new RowKey(1, 0, "a"), 11));
        Assert.False(kept.Holds(new RowKey(2, 0, "b"), 0));
        Assert.False(kept.Holds(new RowKey(3, 0, "c"), 10));
    }

    [Fact]
    public void Of_RowsOutOfOrder_SortsThemAsCollateCDoes()
    {
        // COLLATE "C" compares UTF-8 bytes (code points): U+1F600 sorts after U+E000, where UTF-16 ordinal puts it before.
        var kept = KeptRows<string>.Of([Row(1, "k\U0001F600", 1, "emoji"), Row(1, "k\uE000", 1, "private"), Row(0, "z", 1, "first")], since: 2, removed: 0);

        Assert.Equal(["first", "private", "emoji"], kept);
    }
}
