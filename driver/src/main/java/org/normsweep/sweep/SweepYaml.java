package org.normsweep.sweep;

import java.io.StringReader;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads a sweep file's YAML into plain maps, lists and scalars (SnakeYAML's {@link SafeConstructor}), having first
 * refused, on SnakeYAML's node tree and with its line numbers, what YAML accepts but could silently change a grid:
 * a key given twice in one mapping (YAML keeps the last), a merge key {@code <<} (the keys beside it override what
 * it merges), a second document, an explicit tag ({@code !!omap} even lets duplicate keys through), an alias inside
 * the value it names, and plain scalars YAML 1.1 reads as something other than they look: {@code 010} (octal 8),
 * {@code 0x10}, {@code 1_000}, {@code 1:30} (base 60), {@code .inf}, {@code yes}/{@code no}/{@code on}/{@code off}
 * (booleans) and dates. Aliases of other values are plain copies and are allowed. Every message names the file,
 * the key (as {@code grid.seed[1]}) and the line.
 */
final class SweepYaml {
    /** Numbers as a reader takes them: decimal digits, an optional fraction and exponent ({@code 1e-3} included). */
    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");

    private static final Pattern DECIMAL_FLOAT =
            Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Set<String> TRUE_FALSE = Set.of("true", "True", "TRUE", "false", "False", "FALSE");

    private final String file;
    private final Resolver resolver = new Resolver();
    /** Nodes whose check has finished (an alias's target is checked once) and those being checked (recursion). */
    private final Set<Node> checked = Collections.newSetFromMap(new IdentityHashMap<>());

    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

    private SweepYaml(String file) {
        this.file = file;
    }

    /** The document's maps, lists and scalars; null for an empty file. */
    static Object load(String file, String text) {
        return new SweepYaml(file).read(text);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // checked with both lines below; this is the library's backstop
        return new Yaml(new SafeConstructor(options));
    }

    private Object read(String text) {
        try {
            Node document = null;
            for (Node node : yaml().composeAll(new StringReader(text))) {
                if (document != null) {
                    throw error("a second YAML document starts at line " + line(node)
                            + " (after '---'); a sweep file is one document");
                }
                document = node;
            }
            if (document == null) {
                return null;
            }
            check(document, "");
            return yaml().load(text);
        } catch (MarkedYAMLException e) {
            if (e.getProblemMark() == null) {
                throw error("not valid YAML: " + oneLine(e.getMessage()), e);
            }
            String context = e.getContext() == null ? "" : " (" + e.getContext().strip() + ")";
            throw error(
                    "not valid YAML: line " + (e.getProblemMark().getLine() + 1) + ", column "
                            + (e.getProblemMark().getColumn() + 1) + ": " + oneLine(e.getProblem()) + context,
                    e);
        } catch (YAMLException e) {
            throw error("not valid YAML: " + oneLine(e.getMessage()), e);
        }
    }

    private void check(Node node, String where) {
        if (open.contains(node)) {
            throw error(name(where) + " (line " + line(node) + ") is an alias of a value that contains it");
        }
        if (!checked.add(node)) {
            return;
        }
        checkTag(node, where);
        open.add(node);
        if (node instanceof ScalarNode scalar) {
            checkScalar(scalar, name(where) + " is " + scalar.getValue());
        } else if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                check(list.getValue().get(i), where + "[" + i + "]");
            }
        } else if (node instanceof MappingNode mapping) {
            checkMapping(mapping, where);
        }
        open.remove(node);
    }

    private void checkMapping(MappingNode mapping, String where) {
        Map<String, Node> keys = new HashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            Node keyNode = entry.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                throw error(name(where) + " has a merge key '<<' (line " + line(keyNode)
                        + "): the keys beside it would silently override what it merges; write the settings out");
            }
            if (!(keyNode instanceof ScalarNode key)) {
                throw error(name(where) + " has a key that is a " + kind(keyNode) + " (line " + line(keyNode)
                        + "); keys are plain names");
            }
            checkTag(key, where);
            checkScalar(key, name(where) + " has the key " + key.getValue());
            String path = where.isEmpty() ? key.getValue() : where + "." + key.getValue();
            Node first = keys.putIfAbsent(key.getValue(), key);
            if (first != null) {
                throw error("duplicate key '" + path + "' at line " + line(key) + " (first at line " + line(first)
                        + "); YAML would silently keep only the last");
            }
            check(entry.getValueNode(), path);
        }
    }

    private void checkTag(Node node, String where) {
        if (!node.getTag().equals(implicitTag(node))) {
            throw error(name(where) + " has the YAML tag " + shown(node.getTag()) + " (line " + line(node)
                    + "); sweep files take plain values, without tags");
        }
    }

    /** Refuses a plain scalar that YAML 1.1 reads as something other than it looks. */
    private void checkScalar(ScalarNode scalar, String subject) {
        if (!scalar.isPlain()) {
            return;
        }
        Tag tag = scalar.getTag();
        String text = scalar.getValue();
        String at = subject + " (line " + line(scalar) + "), which YAML reads as ";
        if (tag.equals(Tag.BOOL) && !TRUE_FALSE.contains(text)) {
            throw error(at + "the boolean " + yaml().load(text) + "; quote it ('" + text + "') if you mean the word");
        }
        if ((tag.equals(Tag.INT) && !DECIMAL_INT.matcher(text).matches())
                || (tag.equals(Tag.FLOAT) && !DECIMAL_FLOAT.matcher(text).matches())) {
            throw error(at + "the number " + yaml().load(text) + "; write numbers in plain decimal");
        }
        if (tag.equals(Tag.TIMESTAMP)) {
            throw error(at + "a date; quote it ('" + text + "') if you mean the text");
        }
    }

    /** The tag SnakeYAML gives the node when the file writes none. */
    private Tag implicitTag(Node node) {
        if (node instanceof ScalarNode scalar) {
            return resolver.resolve(NodeId.scalar, scalar.getValue(), scalar.isPlain());
        }
        return node instanceof SequenceNode ? Tag.SEQ : Tag.MAP;
    }

    private static String shown(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }

    private static String kind(Node node) {
        return node instanceof SequenceNode ? "list" : "mapping";
    }

    private static String name(String where) {
        return where.isEmpty() ? "the file" : where;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    private SweepFileException error(String problem) {
        return new SweepFileException(file, problem);
    }

    private SweepFileException error(String problem, Throwable cause) {
        return new SweepFileException(file, problem, cause);
    }
}
