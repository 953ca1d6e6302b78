using ChangeBot.Core.Answers;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The pool the grounding catalogue keeps notices' words in: one copy of each, bounded.</summary>
public sealed class SharedStringsTests
{
    [Fact]
    public void Share_EqualTextFromDifferentSources_ReturnsOneInstance()
    {
        var pool = new SharedStrings(10);
        var first = new string("certificate".AsSpan());
        var second = new string("certificate".AsSpan());

        var fromFirst = pool.Share(first);
        var fromSecond = pool.Share(second);
        var fromSpan = pool.Share("the certificate store".AsSpan(4, 11));

        Assert.NotSame(first, second);
        Assert.Same(fromFirst, fromSecond);
        Assert.Same(fromFirst, fromSpan);
        Assert.Equal("certificate", fromSpan);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Share_FirstString_IsKeptItself()
    {
        var pool = new SharedStrings(10);
        var text = new string("rotation".AsSpan());

        Assert.Same(text, pool.Share(text));
        Assert.Same(text, pool.Share("rotation".AsSpan()));
    }

    [Fact]
    public void Share_ComparesOrdinally()
    {
        var pool = new SharedStrings(10);

        var lower = pool.Share("tls");
        var upper = pool.Share("TLS");

        Assert.NotSame(lower, upper);
        Assert.Equal("TLS", upper);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Share_PastCapacity_StartsOverAndStillReturnsEqualText()
    {
        var pool = new SharedStrings(3);
        var first = pool.Share("a1");
        pool.Share("a2");
        pool.Share("a3");

        var fourth = pool.Share("a4".AsSpan());
        var againFirst = pool.Share(new string("a1".AsSpan()));

        Assert.Equal("a4", fourth);
        Assert.Equal("a1", againFirst);
        Assert.NotSame(first, againFirst);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public async Task Share_FromManyThreads_HandsOutOneInstancePerText()
    {
        var pool = new SharedStrings(1_000);
        var words = Enumerable.Range(0, 200).Select(i => $"w{i}").ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            words.Select(w => t % 2 == 0 ? pool.Share(new string(w.AsSpan())) : pool.Share(w.AsSpan())).ToArray())));

        for (var i = 0; i < words.Length; i++)
        {
            Assert.All(results, r => Assert.Same(results[0][i], r[i]));
        }

        Assert.Equal(words.Length, pool.Count);
    }
}
