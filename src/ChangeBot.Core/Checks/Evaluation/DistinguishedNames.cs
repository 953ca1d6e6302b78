using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Compares a certificate's name with a name as support wrote it in a notice: a full DN in any RDN order
/// (<c>CN=X, O=Y, C=US</c> or <c>C=US, O=Y, CN=X</c>), or just the common name. Case and spacing do not matter.
/// </summary>
internal static class DistinguishedNames
{
    private const string CommonNameOid = "2.5.4.3";

    public static bool Matches(X500DistinguishedName name, string written)
    {
        var actual = Attributes(name);
        var text = written.Trim();
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return actual.Any(a => a.Oid == CommonNameOid && Same(a.Value, text));
        }

        List<(string Oid, string Value)> expected;
        try
        {
            expected = Attributes(new X500DistinguishedName(text));
        }
        catch (CryptographicException)
        {
            return false;
        }

        return expected.Count == actual.Count
            && expected.All(e => actual.Any(a => a.Oid == e.Oid && Same(a.Value, e.Value)));
    }

    private static List<(string Oid, string Value)> Attributes(X500DistinguishedName name) =>
        [.. name.EnumerateRelativeDistinguishedNames()
            .Where(r => !r.HasMultipleElements)
            .Select(r => (r.GetSingleElementType().Value ?? "", r.GetSingleElementValue() ?? ""))];

    private static bool Same(string a, string b) =>
        string.Join(' ', a.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Equals(string.Join(' ', b.Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparison.OrdinalIgnoreCase);
}
