using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static PassageVector Vector(string hash, params float[] values) => new(hash, values);

    [Fact]
    public async Task SavePassageVectors_ThenList_ReturnsEveryVectorOfThatModelExactly()
    {
        await Store.SavePassageVectorsAsync("arctic-xs", [Vector("h1", 0.6f, -0.8f, 0f), Vector("h2", 1f, 0f, float.Epsilon)], Ct);
        await Store.SavePassageVectorsAsync("minilm", [Vector("h1", 0f, 1f, 0f)], Ct);

        var stored = (await Reopen().ListPassageVectorsAsync("arctic-xs", Ct)).OrderBy(v => v.ContentHash, StringComparer.Ordinal).ToList();
        Assert.Equal(["h1", "h2"], stored.Select(v => v.ContentHash));
        Assert.Equal(new float[] { 0.6f, -0.8f, 0f }, stored[0].Vector);
        Assert.Equal(new float[] { 1f, 0f, float.Epsilon }, stored[1].Vector);
        Assert.Equal(new float[] { 0f, 1f, 0f }, Assert.Single(await Reopen().ListPassageVectorsAsync("minilm", Ct)).Vector);
        Assert.Empty(await Reopen().ListPassageVectorsAsync("other", Ct));
    }

    [Fact]
    public async Task SavePassageVectors_KeyAlreadyStored_KeepsTheFirstAndAddsTheRest()
    {
        await Store.SavePassageVectorsAsync("minilm", [Vector("h1", 1f, 0f)], Ct);

        await Store.SavePassageVectorsAsync("minilm", [Vector("h1", 0f, 1f), Vector("h2", 0.5f, 0.5f)], Ct);
        await Store.SavePassageVectorsAsync("minilm", [], Ct);

        var stored = (await Reopen().ListPassageVectorsAsync("minilm", Ct)).ToDictionary(v => v.ContentHash, v => v.Vector, StringComparer.Ordinal);
        Assert.Equal(2, stored.Count);
        Assert.Equal(new float[] { 1f, 0f }, stored["h1"]);
        Assert.Equal(new float[] { 0.5f, 0.5f }, stored["h2"]);
    }

    [Fact]
    public async Task SavePassageVectors_RacingWritersOfOneKey_StoreItOnce()
    {
        var store = Store;
        await RaceAsync(6, async i =>
        {
            await store.SavePassageVectorsAsync("minilm", [Vector("same", i, 1f), Vector($"own{i}", 1f)], Ct);
            return i;
        });

        var stored = await Reopen().ListPassageVectorsAsync("minilm", Ct);
        Assert.Equal(7, stored.Count);
        Assert.Single(stored, v => v.ContentHash == "same");
    }
}
