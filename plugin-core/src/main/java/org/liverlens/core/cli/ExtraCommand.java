package org.liverlens.core.cli;

/**
 * A top-level command that is not part of the product, found through {@link java.util.ServiceLoader}
 * on the CLI's class path: the {@code tools} module contributes {@code bench} this way. The tools
 * jar is never a bundle, so these commands exist on the command line only (docs/osgi.md).
 */
public interface ExtraCommand {

    /** A new picocli command object, annotated with {@code @Command}; its name becomes the sub-command's. */
    Object command();
}
