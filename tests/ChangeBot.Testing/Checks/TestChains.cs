namespace ChangeBot.Testing.Checks;

/// <summary>A root, an intermediate and a leaf for <c>localhost</c>, the usual shape of a public chain.</summary>
public sealed class TestChain : IDisposable
{
    public TestChain(TestKey? key = null, string name = "Test", string[]? hosts = null)
    {
        Root = TestCertificate.Root($"CN={name} Root CA, O=ChangeBot Tests", key);
        Intermediate = Root.Intermediate($"CN={name} Issuing CA, O=ChangeBot Tests", key);
        Leaf = Intermediate.Leaf(hosts ?? ["localhost", "127.0.0.1"], key);
    }

    public TestCertificate Root { get; }
    public TestCertificate Intermediate { get; }
    public TestCertificate Leaf { get; }

    public void Dispose()
    {
        Leaf.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
    }
}
