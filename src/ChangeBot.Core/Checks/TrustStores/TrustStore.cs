using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>A set of certificates a client trusts, named as it appears in <c>trust[].store</c>
/// (the file path the user gave, or <c>notice:&lt;id&gt;</c>).</summary>
public sealed record TrustStore(string Name, IReadOnlyList<X509Certificate2> Certificates);

/// <summary>A trust-store file that cannot be used; the message names the file and what is wrong.</summary>
public sealed class TrustStoreException(string message, Exception? inner = null) : Exception(message, inner);
