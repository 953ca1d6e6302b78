using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>
/// The path that the certificates the server sent form by themselves: from the leaf, each next
/// certificate is the sent one that issued the previous (same name and a signature that verifies),
/// in whatever order they were sent; unrelated extras are left out. Completeness is judged from this,
/// never from a chain the platform rebuilt, because that may use intermediates downloaded (AIA) and
/// cached on the machine earlier, which the customers' clients do not have.
/// </summary>
internal sealed class PresentedPath
{
    private PresentedPath(IReadOnlyList<X509Certificate2> certificates, bool endsSelfSigned)
    {
        Certificates = certificates;
        EndsSelfSigned = endsSelfSigned;
    }

    /// <summary>Leaf first, then each issuer that was sent.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public X509Certificate2 Leaf => Certificates[0];

    /// <summary>The last certificate of the path: a root, an intermediate whose issuer was not sent, or the leaf.</summary>
    public X509Certificate2 Top => Certificates[^1];

    /// <summary>The path ends in a self-signed certificate (a root was sent, or the leaf is self-signed).</summary>
    public bool EndsSelfSigned { get; }

    public bool LeafIsSelfSigned => EndsSelfSigned && Certificates.Count == 1;

    /// <summary>The name of the root the path leads to: the top itself when self-signed, else its issuer.</summary>
    public string RootName => EndsSelfSigned ? Top.Subject : Top.Issuer;

    /// <summary>The top is a CA certificate, which a client could hold as an anchor; a path that stops
    /// below such a certificate (typically at the leaf) is incomplete unless the client trusts its issuer.</summary>
    public bool TopIsCa => EndsSelfSigned || IsCa(Top);

    public static PresentedPath Walk(IReadOnlyList<X509Certificate2> sent, CancellationToken ct = default)
    {
        var path = new List<X509Certificate2> { sent[0] };
        var current = sent[0];
        while (true)
        {
            if (Signatures.IsSelfSigned(current))
            {
                return new PresentedPath(path, endsSelfSigned: true);
            }

            ct.ThrowIfCancellationRequested();
            var issuer = sent.FirstOrDefault(c => !path.Contains(c) && Signatures.Issued(c, current));
            if (issuer is null)
            {
                return new PresentedPath(path, endsSelfSigned: false);
            }

            path.Add(issuer);
            current = issuer;
        }
    }

    public static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}
