using System.Text;
using ChangeBot.Slack.Inbound;

namespace ChangeBot.Tests.Slack;

public sealed class SlackSignatureTests
{
    // Slack's documented example (docs.slack.dev, "Verifying requests from Slack").
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset DocNow = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SignatureCheck Verify(string? ts, string? sig, string body = DocBody, DateTimeOffset? now = null) =>
        SlackSignature.Verify(Encoding.UTF8.GetBytes(DocSecret), ts, sig, Encoding.UTF8.GetBytes(body), now ?? DocNow);

    [Fact]
    public void Verify_SlacksDocumentedExample_IsValid() =>
        Assert.Equal(SignatureCheck.Valid, Verify(DocTimestamp, DocSignature));

    [Fact]
    public void Sign_SlacksDocumentedExample_GivesDocumentedSignature() =>
        Assert.Equal(DocSignature, SlackSignature.Sign(Encoding.UTF8.GetBytes(DocSecret), DocTimestamp, Encoding.UTF8.GetBytes(DocBody)));

    [Fact]
    public void Verify_BodyReencoded_IsMismatch() =>
        // A form body decoded and re-encoded differently ('%2F' vs '/') no longer matches: hash the raw bytes.
        Assert.Equal(SignatureCheck.Mismatch, Verify(DocTimestamp, DocSignature, DocBody.Replace("%2Fwebhook", "/webhook", StringComparison.Ordinal)));

    [Theory]
    [InlineData(null, DocSignature, "MissingHeaders")]
    [InlineData(DocTimestamp, null, "MissingHeaders")]
    [InlineData("", DocSignature, "MissingHeaders")]
    [InlineData("15314206l8", DocSignature, "BadTimestamp")]
    [InlineData("-1531420618", DocSignature, "BadTimestamp")]
    [InlineData(DocTimestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "UnsupportedVersion")]
    [InlineData(DocTimestamp, "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503", "Mismatch")]
    [InlineData(DocTimestamp, "v0=a2114d57", "Mismatch")]
    [InlineData(DocTimestamp, "v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "Mismatch")]
    public void Verify_BadHeaders_AreRejected(string? ts, string? sig, string expected) =>
        Assert.Equal(expected, Verify(ts, sig).ToString());

    [Theory]
    [InlineData(300, "Valid")]
    [InlineData(-300, "Valid")]
    [InlineData(301, "Stale")]
    [InlineData(-301, "Stale")]
    public void Verify_FiveMinuteWindowBothWays(int nowOffsetSeconds, string expected) =>
        Assert.Equal(expected, Verify(DocTimestamp, DocSignature, now: DocNow.AddSeconds(nowOffsetSeconds)).ToString());
}
