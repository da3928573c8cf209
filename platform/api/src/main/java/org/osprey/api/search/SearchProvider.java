package org.osprey.api.search;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/** A search plugin (motion search SS1, object search SS2 ...). */
@ConsumerType
public interface SearchProvider extends Plugin {

    /**
     * Runs a search; called on a scheduler thread and may take long.
     *
     * @throws InterruptedException when the search is cancelled
     */
    List<SearchHit> search(SearchQuery query) throws InterruptedException;
}
