using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Tests.Api;

/// <summary><c>POST /api/v1/checks</c> with <c>{"chain": "&lt;PEM&gt;"}</c>: judged offline like <c>check --chain-file</c>, bounded.</summary>
public sealed class ChecksApiChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_PemChain_AnswersTheCheckJsonWithoutConnecting()
    {
        using var pki = new TestChain(TestKey.EcP256);
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var pem = pki.Leaf.Certificate.ExportCertificatePem() + "\n" + pki.Intermediate.Certificate.ExportCertificatePem();

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { chain = pem }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([pki.Leaf.Subject, pki.Intermediate.Subject], body.GetProperty("chain").EnumerateArray().Select(c => c.GetProperty("subject").GetString()));
        Assert.Equal(pki.Leaf.Sha256, body.GetProperty("chain")[0].GetProperty("sha256").GetString(), ignoreCase: true);
        Assert.Equal("problems", body.GetProperty("verdict").GetString());
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetProperty("code").GetString() == "untrusted-root");
        Assert.Equal(JsonValueKind.Null, body.GetProperty("address").ValueKind);
    }

    [Theory]
    [MemberData(nameof(BadChains))]
    public async Task Post_BadChain_Is400NamingWhatIsWrong(string chain, string says)
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { chain }, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TargetAndChain_Is400()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { target = "example.com", chain = "-----BEGIN CERTIFICATE-----" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not both", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadChains()
    {
        using var pki = new TestChain(TestKey.EcP256);
        var one = pki.Leaf.Certificate.ExportCertificatePem() + "\n";
        return new()
        {
            { "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----", "pasted chain: the PEM file holds no CERTIFICATE block" },
            { "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "pasted chain (certificate 1): not a certificate" },
            { string.Concat(Enumerable.Repeat(one, 11)), "holds 11 certificates; a chain file may hold at most 10" },
            { one + "-----BEGIN NOTE-----\n" + new string('A', 300 * 1024) + "\n-----END NOTE-----", "a chain file may be at most 256 KiB" },
        };
    }
}
