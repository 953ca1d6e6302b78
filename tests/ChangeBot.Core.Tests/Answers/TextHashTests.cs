using System.Security.Cryptography;
using System.Text;
using ChangeBot.Core.Answers.Dense;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The in-memory key of a passage vector must write the hex the stores already hold (or every stored
/// vector would be embedded again at start).</summary>
public sealed class TextHashTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Northwind gateway CA migration: How to prepare\nImport GlobalSign Root CA - R3.")]
    [InlineData("Zürich — ünïcödé")]
    public void ToString_IsTheLowerCaseHexOfTheTextsSha256(string text)
    {
        var stored = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(stored, TextHash.Of(text).ToString());
        Assert.Equal(stored, DenseIndex.Hash(text));
    }

    [Fact]
    public void TryParse_WhatToStringWrote_IsTheSameHash()
    {
        var hash = TextHash.Of("Retry requests that fail during the window.");

        Assert.True(TextHash.TryParse(hash.ToString(), out var parsed));
        Assert.Equal(hash, parsed);
        Assert.NotEqual(TextHash.Of("retry requests that fail during the window."), parsed);
    }

    [Theory]
    [InlineData("h1")]
    [InlineData("")]
    [InlineData("zz3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819")]
    [InlineData("0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9ab")]
    public void TryParse_NotAHash_IsRefused(string text)
    {
        Assert.False(TextHash.TryParse(text, out _));
    }
}
